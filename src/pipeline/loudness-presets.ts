/**
 * Delivery loudness presets (integrated loudness target, true-peak ceiling).
 * Default: EBU R128 (−23 LUFS, −1 dBTP), the broadcast norm in most of the world and a safe
 * level for an editor's timeline; streaming platforms normalise to about −14 LUFS.
 */
export interface LoudnessPreset {
  readonly name: string;
  readonly target: number;
  readonly truePeak: number;
  readonly description: string;
}

export const LOUDNESS_PRESETS: Readonly<Record<string, LoudnessPreset>> = {
  ebu: { name: 'ebu', target: -23, truePeak: -1, description: 'EBU R128: −23 LUFS, ≤ −1 dBTP (broadcast, default)' },
  atsc: { name: 'atsc', target: -24, truePeak: -2, description: 'ATSC A/85: −24 LKFS, ≤ −2 dBTP (US broadcast)' },
  streaming: { name: 'streaming', target: -14, truePeak: -1, description: 'Streaming: −14 LUFS, ≤ −1 dBTP' },
};

export const DEFAULT_LOUDNESS = 'ebu';
