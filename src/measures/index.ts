/**
 * Music measures (a library for tests and the report): pitch statistics, key finding,
 * texture, rhythm, voice leading, roughness and a rule-based emotion estimate. All classical
 * descriptive measures; each module documents its definition and source.
 */
export * from './notes.js';
export * from './pitch.js';
export * from './key-finder.js';
export * from './texture.js';
export * from './rhythm.js';
export * from './voice-leading.js';
export * from './consonance.js';
export * from './emotion.js';
export * from './stats.js';
