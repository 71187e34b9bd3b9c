/**
 * Scores a script's lines with the learned text-emotion model, scene by scene: each line gets
 * the smoothed mood of the earlier lines of its own scene as a prior (the mood starts afresh at
 * every scene change). The result feeds TimedLine.vad and TimedLine.emotion.
 */
import { defaultTextEmotionModel, type TextEmotion, type TextEmotionModel } from './text-emotion-model.js';

export interface LineToScore {
  readonly text: string;
  /** Scene key (heading, index…); lines with the same key in a row share a mood. */
  readonly scene?: string | number;
}

/** One result per line, in order. Loads the shipped model on first use. */
export function scoreScriptLines(lines: readonly LineToScore[], model: TextEmotionModel = defaultTextEmotionModel()): TextEmotion[] {
  const out: TextEmotion[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i === lines.length || lines[i].scene !== lines[start].scene) {
      out.push(...model.predictScene(lines.slice(start, i).map((l) => l.text)));
      start = i;
    }
  }
  return out;
}
