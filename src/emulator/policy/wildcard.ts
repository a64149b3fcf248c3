/**
 * IAM's wildcards: `*` matches any run of characters (none included), `?`
 * any one character (IAM JSON policy reference, "Resource" and the
 * StringLike condition operators). A RegExp built from the pattern
 * backtracks: five stars against a 120-character key stalled every client
 * for 20 s. Here the pattern is cut at its stars and each piece is placed
 * once, at its leftmost fit after the previous one, which is enough when the
 * only wildcards are `*` and `?`: no position is ever revisited, so the time
 * is at most the value's length times the pattern's.
 */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const pieces = p.split("*");
  if (pieces.length === 1) return v.length === p.length && fitsAt(p, v, 0);

  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > v.length) return false;
  if (!fitsAt(first, v, 0) || !fitsAt(last, v, v.length - last.length)) return false;

  // The middle pieces, in order, between the first piece and the last.
  let from = first.length;
  const end = v.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    const at = leftmostFit(piece, v, from, end);
    if (at === -1) return false;
    from = at + piece.length;
  }
  return true;
}

/** Whether `piece` (with `?` for any character) matches `value` at `at`. */
function fitsAt(piece: string, value: string, at: number): boolean {
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c !== QUESTION_MARK && c !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The first index from `from` where `piece` fits entirely before `end`, or -1. */
function leftmostFit(piece: string, value: string, from: number, end: number): number {
  if (!piece.includes("?")) {
    const at = value.indexOf(piece, from);
    return at !== -1 && at + piece.length <= end ? at : -1;
  }
  for (let at = from; at + piece.length <= end; at++) if (fitsAt(piece, value, at)) return at;
  return -1;
}

const QUESTION_MARK = "?".charCodeAt(0);
