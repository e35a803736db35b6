export function buildUi(options?: { outdir?: string }): Promise<string>;
