export function bundlePrograms(options: {
  entries: string[];
  outdir: string;
  outbase: string;
}): Promise<void>;
