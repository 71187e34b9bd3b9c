/**
 * Typed errors. A `UserInputError` is the user's to fix: the CLI prints its one-line
 * message and exits 2. Anything else is an internal error (exit 1).
 */
export interface Place {
  /** The file (or option name) the problem is in. */
  file?: string;
  /** 1-based line number in a text file. */
  line?: number;
  /** A timecode or seconds value the problem is at. */
  at?: string;
  /** A field name (JSON path, CLI option, stream field). */
  field?: string;
}

export class UserInputError extends Error {
  readonly place: Place;
  readonly problem: string;
  constructor(problem: string, place: Place = {}) {
    super(formatUserError(problem, place));
    this.name = 'UserInputError';
    this.place = place;
    this.problem = problem;
  }
}

/** "file:line (field, at 00:00:01:02): problem" — one line, no stack. */
export function formatUserError(problem: string, place: Place): string {
  let head = place.file ?? '';
  if (place.line !== undefined) head += `${head ? ':' : 'line '}${place.line}`;
  const extra = [place.field, place.at !== undefined ? `at ${place.at}` : undefined].filter(Boolean).join(', ');
  if (extra) head += head ? ` (${extra})` : extra;
  const oneLine = problem.replace(/\s*\n\s*/g, ' ').trim();
  return head ? `${head}: ${oneLine}` : oneLine;
}

export function isUserInputError(e: unknown): e is UserInputError {
  return e instanceof UserInputError;
}

/** A non-fatal observation that the report and analysis.json show. */
export interface Diagnostic {
  level: 'info' | 'warning';
  stage: string;
  message: string;
  place?: Place;
}
