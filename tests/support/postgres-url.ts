// Where the PostgreSQL tests find their server: TEST_POSTGRES_URL. Unset, they are skipped with a
// warning on a developer machine, but fail under CI=true (CI must not silently drop a backend).
export function postgresUrlForTests(suite: string): string | undefined {
  const url = process.env.TEST_POSTGRES_URL;
  if (url) return url;
  const message = `${suite}: TEST_POSTGRES_URL is not set (e.g. postgresql://postgres:postgres@127.0.0.1:5432/test)`;
  if (process.env.CI === "true") throw new Error(`${message}; CI runs the PostgreSQL tests, so this is an error`);
  console.warn(`${message}; skipping the PostgreSQL tests`);
  return undefined;
}
