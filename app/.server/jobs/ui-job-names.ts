// Transitional re-export: the job names live in the one registry (jobs/registry.ts). Kept only until
// bulk/* and views/settings.ts (edited by other engineers) switch their imports; delete it then.
export { BULK_RUN_JOB, RESYNC_JOB, type BulkRunJobData, type ResyncJobData } from "./registry";
