/** How one run of a training job is named everywhere (run pickers, charts, the PDF): the job's name and its seed. */
export function runLabel(jobLabel: string, seed: number): string {
  return `${jobLabel} · seed ${seed}`;
}
