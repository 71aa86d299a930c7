// A small inline illustration for Polaris EmptyState (no network: the admin may run offline).
export const EMPTY_IMAGE =
  "data:image/svg+xml;utf8," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90" viewBox="0 0 120 90"><rect x="10" y="20" width="100" height="60" rx="8" fill="#e3e3e3"/><rect x="22" y="34" width="56" height="8" rx="4" fill="#c9c9c9"/><rect x="22" y="50" width="76" height="8" rx="4" fill="#c9c9c9"/><circle cx="92" cy="22" r="14" fill="#b5d8c4"/></svg>',
  );
