// Transitional re-export: the job names live in the one registry (jobs/registry.ts). Kept only until
// the files other engineers are editing switch their imports; delete it then.
export { PLATFORM_JOBS, type PlatformJobName } from "./registry";
