// Herald's public API, with the tab's credential as a Bearer token. Nothing else is called.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Page<T> {
  data: T;
  meta: { next_cursor?: string | null; has_more?: boolean };
}

let token: string | undefined;
let onUnauthorized: (error: ApiError) => void = () => {};

export function useToken(value: string | undefined, unauthorized: (error: ApiError) => void): void {
  token = value;
  onUnauthorized = unauthorized;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<Page<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Herald cannot be reached; check the connection and try again");
  }
  const answer = (await response.json().catch(() => null)) as {
    data?: T;
    meta?: Page<T>["meta"];
    error?: { code: string; message: string; details?: Record<string, string> };
  } | null;
  if (!response.ok || !answer) {
    const error = new ApiError(
      response.status,
      answer?.error?.code ?? "HTTP",
      answer?.error?.message ?? `Herald answered ${response.status}`,
      answer?.error?.details,
    );
    if (response.status === 401) onUnauthorized(error);
    throw error;
  }
  return { data: answer.data as T, meta: answer.meta ?? {} };
}

export const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
};
