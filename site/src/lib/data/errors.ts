/** Data problems the figures know how to explain. */

export type DataErrorKind = 'missing' | 'corrupt' | 'schema' | 'network';

/** A problem with one file in data/; `file` is relative to data/ (`mlp-classes/positions.arrow`). */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly file: string,
    readonly kind: DataErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A short, reader-facing sentence for any error thrown while loading a figure. */
export function describeError(error: unknown): string {
  if (error instanceof DataError) return error.message;
  if (error instanceof Error)
    return `Something went wrong while loading this figure: ${error.message}`;
  return 'Something went wrong while loading this figure.';
}
