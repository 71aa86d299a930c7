import { readdirSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const root = import.meta.dirname;

// Folders of app/.server that implement features or compose them; the adapters and the stores below
// them must not reach up into any of these.
const featureFolders = ["commands", "bulk", "views", "reconcile", "lifecycle", "intake", "warehouse", "catalog", "extensions-api", "sync", "orders"];
const server = (folder) => `app/.server/${folder}`;
// Test files may use the shared test doubles and fixtures (tests/support), wherever they live: zones
// marked productionOnly do not apply to them.
const testFiles = ["**/*.test.ts", "**/*.test.tsx"];
const extensions = readdirSync(`${root}/extensions`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** @type {{ target: string | string[]; from: string | string[]; except?: string[]; message: string; productionOnly?: boolean }[]} */
const layerZones = [
  {
    target: "app/domain",
    from: "app",
    except: ["./domain"],
    message: "app/domain is the pure rules core: it imports nothing else of the app (server, routes, UI, or app/shared, which imports it).",
  },
  {
    target: [server("shopify"), server("whiplash")],
    from: [...featureFolders.map(server), server("jobs"), server("db"), server("wiring"), "app/db.server.ts"],
    message: "The Shopify and Whiplash adapters only talk to their API: they know nothing of jobs, syncs, the database or features. Pass what they need in as an argument or an interface.",
  },
  {
    target: server("db"),
    from: [...featureFolders.map(server), server("jobs"), server("wiring"), server("shopify"), server("whiplash")],
    message: "app/.server/db holds the repositories (Prisma queries): it depends on the domain types only, never on the features, jobs or adapters that use it.",
  },
  {
    target: server("jobs"),
    from: [...featureFolders.map(server), server("wiring"), server("shopify"), server("whiplash")],
    message: "app/.server/jobs is queue machinery: features register handlers with it, it never imports a feature (this keeps jobs <-> sync and similar loops out).",
  },
  {
    target: server("sync"),
    from: featureFolders.filter((folder) => folder !== "sync").map(server),
    message: "app/.server/sync (fan-out and the shop writer) is called by the features that change items; it never calls them back.",
  },
  {
    target: server("views"),
    from: [server("commands"), server("bulk"), server("wiring")],
    message: "Views are read models: they do not run merchant commands or bulk runs, and get their dependencies passed in rather than from the composition root.",
  },
  {
    target: "app/components",
    from: ["app/.server", "app/routes", "app/db.server.ts", "app/shopify.server.ts", "app/worker.server.ts"],
    message: "UI components render what routes hand them: they import app/shared and app/domain, never server code or routes.",
  },
  {
    target: "app/shared",
    from: "app",
    except: ["./shared", "./domain"],
    message: "app/shared is bundled into the browser and the admin extensions: it may import app/domain and nothing else of the app.",
  },
  {
    target: "app",
    from: ["scripts", "bench", "simulators"],
    message: "Code under app/ ships; scripts/, bench/ and simulators/ are tooling around it and may import app, never the other way round.",
  },
  {
    target: "app",
    from: "tests",
    except: ["./support"],
    message: "Code under app/ ships; it never imports tests/. (Co-located *.test.ts files may use the test doubles in tests/support.)",
  },
  {
    target: "app",
    from: "tests/support",
    message: "Code under app/ ships; it never imports the test doubles in tests/support (only *.test.ts files may).",
    productionOnly: true,
  },
  {
    target: ["app/.server", "app/db.server.ts", "app/shopify.server.ts", "app/worker.server.ts"],
    from: ["app/components", "app/routes", "app/root.tsx"],
    message: "Server code does not import UI components or routes: routes call the server, not the reverse.",
  },
  ...extensions.map((name) => ({
    target: `extensions/${name}`,
    from: ["app", ...extensions.filter((other) => other !== name).map((other) => `extensions/${other}`)],
    except: ["./shared"],
    message: "An admin extension is bundled on its own: it imports only app/shared and its own code.",
  })),
  {
    target: "extensions",
    from: ["scripts", "tests", "bench", "simulators"],
    message: "An admin extension is bundled on its own: it imports only app/shared and its own code.",
  },
  {
    target: "simulators",
    from: ["scripts", "bench"],
    message: "The simulators stand in for Shopify and Whiplash and are started by scripts/ and bench/: they import neither (their config is in simulators/shared).",
  },
  {
    target: "simulators",
    from: "tests",
    except: ["./support"],
    message: "The simulators never import tests/ (only their *.test.ts files may use tests/support).",
  },
  {
    target: "simulators",
    from: "tests/support",
    message: "The simulators never import tests/ (only their *.test.ts files may use tests/support).",
    productionOnly: true,
  },
  {
    target: "scripts",
    from: ["tests", "bench"],
    message: "scripts/ are the project's tools (demo, stack, prisma): tests and benchmarks use them, not the reverse.",
  },
  {
    target: "bench",
    from: "tests",
    except: ["./support"],
    message: "Benchmarks drive the same test doubles and fixtures as the tests (tests/support: writer world, seeded databases, memory store); nothing else of tests/.",
  },
];

/** The zones as the rule takes them (without our productionOnly flag). */
function zonesFor({ testFile }) {
  return layerZones
    .filter((zone) => !(testFile && zone.productionOnly))
    .map(({ productionOnly: _productionOnly, ...zone }) => zone);
}

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "tmp/**",
      "test-results/**",
      "bench/results/**",
      ".schema-cache/**",
      "extensions/*/dist/**",
      "extensions/*/shopify.d.ts", // written by Shopify CLI on every build (types of the `shopify` global per module)
      "public/build/**",
      "prisma/postgres/**", // generated from prisma/schema.prisma (scripts/prisma-postgres.mjs)
      "app/types/**", // generated from the GraphQL documents (npm run graphql-codegen)
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", window: "readonly", document: "readonly", URL: "readonly" },
    },
  },
  {
    // The layer rules below resolve every import to a file (the `~/` alias included), so a
    // wrong-way import is caught whether it is written relative or through the alias.
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
  },
  {
    // Layer rules (issue 10): each zone says which folder (target) may not import which (from), and why.
    // Paths are resolved files, so relative imports and the `~/` alias are both covered.
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones: zonesFor({ testFile: false }) }] },
  },
  {
    files: testFiles,
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones: zonesFor({ testFile: true }) }] },
  },
  {
    // Import paths alone (packages are not resolved to a folder of ours): app/shared is bundled into the
    // browser and the admin extensions.
    files: ["app/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "@remix-run/*", "node:*"],
              message: "app/shared is bundled into the browser and the admin extensions: no Prisma, Remix or Node modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // Import paths alone (packages are not resolved to a folder of ours): the domain core stays pure.
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "@remix-run/*", "react", "react-dom", "react/*", "@shopify/*"],
              message: "app/domain is the pure rules core: no Prisma, Remix, React or Shopify packages; adapters in app/.server translate to and from it.",
            },
          ],
        },
      ],
    },
  },
);
