// A readable page for /docs rendered from the OpenAPI document itself (no CDN, no bundle).
interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

export function renderDocsPage(document: {
  info: { title: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
}): string {
  const named = Object.entries({ ...document.components.schemas, ...document.components.responses })
    .map(([name, schema]) => schemaBlock(name, schema))
    .join("");
  const sections = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, raw]) => {
      const op = raw as Operation;
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${esc(p.name)}</code> (${p.in}) ${esc(p.description ?? "")}</li>`)
        .join("");
      const body = op.requestBody
        ? schemaBlock("Request body", op.requestBody.content["application/json"]?.schema)
        : "";
      const [status, response] = Object.entries(op.responses)[0] ?? [];
      const answer = response
        ? schemaBlock(`Response ${status}`, response.content?.["application/json"]?.schema)
        : "";
      return `<section><h2><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h2>
<p>${esc(op.summary ?? "")}. ${esc(op.description ?? "")}</p>${params ? `<ul>${params}</ul>` : ""}${body}${answer}</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(document.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{background:#222;color:#fff;padding:0 .4rem;border-radius:3px;font-size:.8em}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}details{margin:.3rem 0}</style></head>
<body><h1>${esc(document.info.title)}</h1><p>${esc(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections.join("\n")}
<section><h2 id="components">Schemas and error answers</h2>${named}</section></body></html>`;
}

function schemaBlock(title: string, schema: unknown): string {
  return `<details><summary>${esc(title)}</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
