import type { EngineHost, TrainingJobHandle } from './engine-host.js';
import { JobControl } from './control.js';
import { runTrainingJob, type JobOptions } from './job.js';

/** EngineHost on the calling thread, for tests and scripts (the app runs each job in its own process: main/worker/). */
export function createInProcessEngineHost(options: JobOptions = {}): EngineHost {
  const controls = new Set<JobControl>();
  return {
    start(request, onProgress): TrainingJobHandle {
      const control = new JobControl();
      controls.add(control);
      const done = runTrainingJob(request.task, request.outDir, onProgress, control, options).finally(() =>
        controls.delete(control),
      );
      return { pause: () => control.pause(), resume: () => control.resume(), cancel: () => control.cancel(), done };
    },
    async dispose() {
      for (const c of controls) c.cancel();
    },
  };
}
