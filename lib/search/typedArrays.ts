type TypedArray = Uint8Array | Int32Array | Uint32Array | Uint16Array | Float64Array;

/** A typed array's bytes as base64 text (for a JSON snapshot). */
export const base64Of = (array: TypedArray): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

/** The typed array {@link base64Of} wrote (copied into an aligned buffer of its own). */
export function fromBase64<A extends TypedArray>(text: string, make: { new (length: number): A; readonly BYTES_PER_ELEMENT: number }): A {
  const bytes = Buffer.from(text, 'base64');
  const array = new make(bytes.length / make.BYTES_PER_ELEMENT);
  new Uint8Array(array.buffer).set(bytes);
  return array;
}

/** `array` copied into one of at least `length` elements (doubling), the new ones set to `fill`. */
export function grown<A extends TypedArray>(array: A, length: number, fill = 0): A {
  if (length <= array.length) return array;
  const next = new (array.constructor as new (n: number) => A)(Math.max(length, array.length * 2, 64));
  if (fill !== 0) next.fill(fill);
  next.set(array as never);
  return next;
}
