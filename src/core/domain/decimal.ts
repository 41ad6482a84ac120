/**
 * Plain decimal text, as people and CSV files write numbers: `12`, `-0.5`, `.5`, `1e3`. Not `0x10`, `0b1`,
 * `Infinity` or `''`, all of which Number() would turn into a number.
 */
export const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a plain decimal spells (surrounding spaces allowed), NaN for anything else. */
export const parseDecimal = (text: string): number => {
  const t = text.trim();
  return DECIMAL_TEXT.test(t) ? Number(t) : Number.NaN;
};
