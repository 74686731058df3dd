import { z } from 'zod';
import { describeConfigIssues, taskConfigSchema } from '../../../shared/config/task-config.js';
import { jobSummarySchema, type SavedJob } from '../../../shared/ipc/channels/training.js';
import type { JobRecord } from '../../../shared/project.js';

/** Issues named in a problem message; the rest are counted, so the line stays short. */
const SHOWN_ISSUES = 3;

function problem(what: string, error: z.ZodError): string {
  const issues = describeConfigIssues(error);
  const more = issues.length > SHOWN_ISSUES ? `; ${issues.length - SHOWN_ISSUES} more` : '';
  return `${what} was saved in a form this version cannot read (${issues.slice(0, SHOWN_ISSUES).join('; ')}${more}); it is kept unchanged in project.json`;
}

/**
 * The one place a saved job's config and summary are parsed: the record's typed view. The raw values are not
 * touched (a save writes them back as read), so a project from another version loses nothing.
 */
export function readSavedJob(record: JobRecord): SavedJob {
  const { config, summary, ...rest } = record;
  const settings = taskConfigSchema.safeParse(config);
  const figures = summary === null ? null : jobSummarySchema.safeParse(summary);
  return {
    ...rest,
    settings: settings.success ? settings.data : null,
    ...(settings.success ? {} : { configProblem: problem("The job's task config", settings.error) }),
    summary: figures?.success ? figures.data : null,
    ...(figures && !figures.success ? { summaryProblem: problem("The job's results summary", figures.error) } : {}),
  };
}
