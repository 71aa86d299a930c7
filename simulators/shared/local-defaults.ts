// Documented local defaults used by the simulators, `npm run demo`, tests and benchmarks (also listed in
// .env.example). They live with the simulators, which scripts/, tests and bench already import.
// They only ever point at the local simulators; a .env or the real environment overrides each one.
export const LOCAL_DEFAULTS = {
  SHOPIFY_API_KEY: "demo-api-key",
  SHOPIFY_API_SECRET: "demo-api-secret",
  SHOPIFY_APP_URL: "http://127.0.0.1:3000",
  SCOPES: "read_products,read_inventory,write_inventory,read_locations,read_orders",
  DATABASE_URL: "file:./prisma/dev.sqlite",
  SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010",
  APP_BRIDGE_URL: "http://127.0.0.1:4010/app-bridge.js",
  WHIPLASH_API_BASE_URL: "http://127.0.0.1:4020/api/v2",
  WHIPLASH_CLIENT_ID: "demo-whiplash-client",
  WHIPLASH_CLIENT_SECRET: "demo-whiplash-secret",
  ENCRYPTION_KEY: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  SHOPIFY_SIM_PORT: "4010",
  SHOPIFY_SIM_PLAN: "Standard",
  WHIPLASH_SIM_PORT: "4020",
  PORT: "3000",
  DEMO_SHOP: "whiplash-demo.myshopify.com",
} as const;
