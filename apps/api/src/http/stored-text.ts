import { z } from "zod";

// Postgres text cannot hold NUL (it fails with 22021, a 500), and an unpaired UTF-16 surrogate
// would be stored as U+FFFD, not as sent. Control characters in names, URLs, keys and
// descriptions are never meant: a tab or newline in a URL is silently dropped when it is
// requested. All of them are refused up front with a 422 naming the field.
const CONTROL = /\p{Cc}/u;
// The same rule as a JSON Schema pattern, for the OpenAPI document (\p{Cc} is exactly these).
// biome-ignore lint/suspicious/noControlCharactersInRegex: naming control characters is its purpose
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;

export function storedTextProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (CONTROL.test(text)) return "contains a control character (U+0000–U+001F, U+007F–U+009F)";
  if (!text.isWellFormed()) return "contains an unpaired UTF-16 surrogate";
  return undefined;
}

// A string field that is stored: no NUL, no control characters, no lone surrogates.
export function storedText(message?: string) {
  return (
    z
      .string(message === undefined ? undefined : { message })
      .superRefine((value, ctx) => {
        const problem = storedTextProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem, abort: true });
      })
      // Never fails here (the check above stops first); it states the rule in the document.
      .regex(NO_CONTROL_CHARACTERS)
  );
}
