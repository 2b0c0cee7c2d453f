/**
 * What an answer typed T on the server is when the web receives it: JSON turns each
 * Date into its ISO string and each string enum into its plain values. The web's API
 * client applies it to every answer, so the server's view types serve both sides.
 */
export type Serialized<T> = T extends Date
  ? string
  : T extends string
    ? `${T}`
    : T extends readonly (infer Item)[]
      ? Serialized<Item>[]
      : T extends object
        ? { [K in keyof T]: Serialized<T[K]> }
        : T;
