// The exact source text of one top-level member of a JSON object, so event `data` can be
// stored and delivered byte for byte as the producer sent it (key order, spacing, and numbers
// beyond double precision survive; JSON.parse + JSON.stringify would lose all three).
// The text must already be known to be valid JSON (the body parser parsed it). One linear
// pass without recursion; like JSON.parse, the last of repeated keys wins.
export function rawJsonMember(text: string, name: string): string | undefined {
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[at] !== "{") return undefined;
  at = skipSpace(text, at + 1);
  let found: string | undefined;
  while (at < text.length && text[at] === '"') {
    const keyEnd = endOfString(text, at);
    const key = text.slice(at, keyEnd);
    at = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = endOfValue(text, at);
    if (key === `"${name}"` || (key.includes("\\") && JSON.parse(key) === name)) {
      found = text.slice(at, valueEnd);
    }
    at = skipSpace(text, valueEnd);
    if (text[at] === ",") at = skipSpace(text, at + 1);
  }
  return found;
}

// The source text of each element of a JSON array (as returned by rawJsonMember), in order.
export function rawJsonArrayItems(text: string): string[] {
  let at = skipSpace(text, 0);
  if (text[at] !== "[") return [];
  at = skipSpace(text, at + 1);
  const items: string[] = [];
  while (at < text.length && text[at] !== "]") {
    const end = endOfValue(text, at);
    items.push(text.slice(at, end));
    at = skipSpace(text, end);
    if (text[at] === ",") at = skipSpace(text, at + 1);
  }
  return items;
}

function skipSpace(text: string, from: number): number {
  let at = from;
  while (
    at < text.length &&
    (text[at] === " " || text[at] === "\n" || text[at] === "\r" || text[at] === "\t")
  )
    at++;
  return at;
}

// `from` is at the opening quote; returns the index after the closing one.
function endOfString(text: string, from: number): number {
  let at = from + 1;
  while (at < text.length) {
    const char = text[at];
    if (char === "\\") at += 2;
    else if (char === '"') return at + 1;
    else at++;
  }
  return at;
}

function endOfValue(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return endOfString(text, from);
  if (first === "{" || first === "[") {
    let depth = 0;
    let at = from;
    while (at < text.length) {
      const char = text[at];
      if (char === '"') {
        at = endOfString(text, at);
        continue;
      }
      if (char === "{" || char === "[") depth++;
      else if (char === "}" || char === "]") {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
    return at;
  }
  let at = from;
  while (at < text.length && !",}] \n\r\t".includes(text[at]!)) at++;
  return at;
}
