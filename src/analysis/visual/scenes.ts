/**
 * Per-shot picture statistics, camera-move labels, and scenes (classical heuristics).
 *
 * Shot features are means over the shot's frames (the first frame of a shot, whose block
 * matching straddles the cut, is skipped for motion). Camera label of a shot, in order of
 * precedence: 'handheld' when the mean shake ≥ `handheldShake`; 'zoom' when |mean zoom| ≥
 * `zoomRate`; 'pan' / 'tilt' when |mean pan| ≥ `panRate` on x / y; else 'static'.
 *
 * Scenes: consecutive shots are grouped while a shot's palette is within `sceneColourDistance`
 * (ΔE*ab, palette distance below) of one of the last `sceneLookback` shots of the current scene
 * — so shot/reverse-shot cutting (A B A B) stays one scene — and a fade never continues a scene.
 * Palette distance: the weight-averaged ΔE from each colour of one palette to the nearest colour
 * of the other, symmetrised.
 *
 * Scene labels: light 'night' when the mean luma < `nightLuma`, or < `duskLuma` with a cool
 * (negative) warmth — a lighting-key heuristic that cannot tell a night exterior from a dark
 * interior; movement 'action' when the cutting rate ≥ `actionCutRate` cuts/s or the mean object
 * motion (what moves apart from the camera) ≥ `actionMotion`, else 'handheld' when the mean shake ≥
 * `handheldShake`, else 'moving' when the camera pans/tilts/zooms in most of the scene's time or
 * the mean motion ≥ `actionMotion`, else 'static'.
 */
import type { Shot } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import type { PaletteColour, PaletteSampler } from './palette.js';
import { lowerBound } from '../../util/sorted-search.js';

export interface SceneOptions {
  readonly paletteSize: number;
  readonly panRate: number;
  readonly zoomRate: number;
  readonly handheldShake: number;
  readonly sceneColourDistance: number;
  readonly sceneLookback: number;
  readonly nightLuma: number;
  readonly duskLuma: number;
  readonly actionCutRate: number;
  readonly actionMotion: number;
}

export const DEFAULT_SCENE_OPTIONS: SceneOptions = {
  paletteSize: 5,
  panRate: 0.003, // frame widths per frame: 7 % of the width per second at 24 fps
  zoomRate: 0.002, // relative scale per frame: ~5 % per second at 24 fps
  handheldShake: 0.004, // frame widths per frame, std of the frame-to-frame change of the pan
  sceneColourDistance: 14,
  sceneLookback: 3,
  nightLuma: 0.18,
  duskLuma: 0.3,
  actionCutRate: 1 / 3, // average shot length ≤ 3 s: action cutting
  actionMotion: 0.025,
};

export type CameraMove = 'static' | 'pan' | 'tilt' | 'zoom' | 'handheld';

export interface ShotFeatures {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly palette: readonly PaletteColour[];
  /** Means over the shot: luma 0..1, HSV saturation 0..1, warmth −1..1, contrast (luma std) 0..0.5. */
  readonly luma: number;
  readonly saturation: number;
  readonly warmth: number;
  readonly contrast: number;
  /** Mean motion magnitude, frame widths per frame. */
  readonly motion: number;
  /** Mean camera pan (x right, y down), frame widths per frame. */
  readonly panX: number;
  readonly panY: number;
  /** Mean relative zoom per frame (+ in). */
  readonly zoom: number;
  readonly shake: number;
  readonly objectMotion: number;
  readonly camera: CameraMove;
}

export interface Scene {
  readonly start: Seconds;
  readonly end: Seconds;
  /** Index of the first shot and one past the last. */
  readonly firstShot: number;
  readonly endShot: number;
  readonly light: 'day' | 'night';
  readonly movement: 'static' | 'moving' | 'handheld' | 'action';
  /** Cuts per second inside the scene. */
  readonly cutRate: number;
  readonly luma: number;
  readonly motion: number;
  readonly objectMotion: number;
  readonly shake: number;
}

/** Per-frame series (same length, frame k is the k-th analysed frame). */
export interface FrameSeries {
  readonly t: readonly number[];
  readonly luma: readonly number[];
  readonly saturation: readonly number[];
  readonly warmth: readonly number[];
  readonly contrast: readonly number[];
  readonly motion: readonly number[];
  readonly panX: readonly number[];
  readonly panY: readonly number[];
  readonly zoom: readonly number[];
  readonly shake: readonly number[];
  readonly objectMotion: readonly number[];
}

const mean = (xs: readonly number[], a: number, b: number): number => {
  if (b <= a) return 0;
  let s = 0;
  for (let i = a; i < b; i++) s += xs[i];
  return s / (b - a);
};

export function shotFeatures(shots: readonly Shot[], s: FrameSeries, sampler: PaletteSampler, o: SceneOptions = DEFAULT_SCENE_OPTIONS): ShotFeatures[] {
  return shots.map((shot) => {
    const a = lowerBound(s.t, shot.start, 1e-9);
    const b = Math.max(a + 1, Math.min(s.t.length, lowerBound(s.t, shot.end, 1e-9)));
    const m0 = Math.min(b - 1, a + 1); // motion straddling the cut is meaningless
    const panX = mean(s.panX, m0, b), panY = mean(s.panY, m0, b), zoom = mean(s.zoom, m0, b), shake = mean(s.shake, m0, b);
    const camera: CameraMove =
      shake >= o.handheldShake ? 'handheld'
      : Math.abs(zoom) >= o.zoomRate ? 'zoom'
      : Math.abs(panX) >= o.panRate && Math.abs(panX) >= Math.abs(panY) ? 'pan'
      : Math.abs(panY) >= o.panRate ? 'tilt'
      : 'static';
    return {
      start: shot.start,
      end: shot.end,
      palette: sampler.palette(a, b, o.paletteSize),
      luma: mean(s.luma, a, b),
      saturation: mean(s.saturation, a, b),
      warmth: mean(s.warmth, a, b),
      contrast: mean(s.contrast, a, b),
      motion: mean(s.motion, m0, b),
      panX, panY, zoom, shake,
      objectMotion: mean(s.objectMotion, m0, b),
      camera,
    };
  });
}

/** Symmetrised weight-averaged nearest-colour ΔE*ab between two palettes. */
export function paletteDistance(p: readonly PaletteColour[], q: readonly PaletteColour[]): number {
  if (p.length === 0 || q.length === 0) return p.length === q.length ? 0 : Infinity;
  const one = (x: readonly PaletteColour[], y: readonly PaletteColour[]): number => {
    let s = 0;
    for (const c of x) {
      let best = Infinity;
      for (const d of y) best = Math.min(best, Math.hypot(c.lab[0] - d.lab[0], c.lab[1] - d.lab[1], c.lab[2] - d.lab[2]));
      s += c.weight * best;
    }
    return s;
  };
  return 0.5 * (one(p, q) + one(q, p));
}

export function groupScenes(shots: readonly Shot[], feats: readonly ShotFeatures[], o: SceneOptions = DEFAULT_SCENE_OPTIONS): Scene[] {
  const groups: [number, number][] = [];
  let start = 0;
  for (let i = 1; i < shots.length; i++) {
    let joins = false;
    if (shots[i].transition !== 'fade') {
      for (let j = i - 1; j >= Math.max(start, i - o.sceneLookback); j--) {
        if (paletteDistance(feats[i].palette, feats[j].palette) <= o.sceneColourDistance) {
          joins = true;
          break;
        }
      }
    }
    if (!joins) {
      groups.push([start, i]);
      start = i;
    }
  }
  if (shots.length) groups.push([start, shots.length]);
  return groups.map(([a, b]) => {
    let dur = 0, luma = 0, warmth = 0, motion = 0, shake = 0, objectMotion = 0, movingTime = 0;
    for (let i = a; i < b; i++) {
      const d = Math.max(1e-6, shots[i].end - shots[i].start);
      const f = feats[i];
      dur += d;
      luma += d * f.luma;
      warmth += d * f.warmth;
      motion += d * f.motion;
      shake += d * f.shake;
      objectMotion += d * f.objectMotion;
      if (f.camera !== 'static') movingTime += d;
    }
    luma /= dur; warmth /= dur; motion /= dur; shake /= dur; objectMotion /= dur;
    const span = shots[b - 1].end - shots[a].start;
    const cutRate = span > 0 ? (b - a - 1) / span : 0;
    const light = luma < o.nightLuma || (luma < o.duskLuma && warmth < 0) ? 'night' : 'day';
    const movement =
      cutRate >= o.actionCutRate || objectMotion >= o.actionMotion ? 'action'
      : shake >= o.handheldShake ? 'handheld'
      : movingTime > 0.5 * dur || motion >= o.actionMotion ? 'moving'
      : 'static';
    return {
      start: seconds(shots[a].start), end: seconds(shots[b - 1].end), firstShot: a, endShot: b,
      light, movement, cutRate, luma, motion, objectMotion, shake,
    };
  });
}
