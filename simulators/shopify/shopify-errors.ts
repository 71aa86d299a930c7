// Error bodies shaped like Shopify's Admin API answers.
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import type { ThrottleStatus } from "./bucket";

export const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";
export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export function costExtension(requested: number, actual: number | null, throttleStatus: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus } };
}

export function throttledBody(requested: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC } }],
    extensions: costExtension(requested, null, throttleStatus),
  };
}

export function maxCostExceededBody(requested: number, maxCost: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [
      {
        message:
          `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
          "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
          "cost of a query is calculated.\n\n" +
          "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
          "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
        extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
      },
    ],
    extensions: costExtension(requested, null, throttleStatus),
  };
}

/**
 * Shopify validates with graphql-ruby, whose messages and codes differ from graphql-js's. The common
 * cases (unknown field, unknown argument, missing required argument) are rewritten to Ruby's wording
 * so client code that matches on them behaves the same; others keep graphql-js's message.
 */
export function shopifyValidationError(error: GraphQLError): GraphQLFormattedError {
  const base = error.toJSON();
  let m = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (m) return { ...base, message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] } };
  m = /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./.exec(error.message);
  if (m) {
    return { ...base, message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`, extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] } };
  }
  m = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(error.message);
  if (m) {
    return { ...base, message: `Field '${m[1]}' is missing required arguments: ${m[2]}`, extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] } };
  }
  m = /^Unknown type "([^"]+)"\./.exec(error.message);
  if (m) return { ...base, message: `No such type ${m[1]}, so it can't be a fragment condition`, extensions: { code: "undefinedType", typeName: m[1] } };
  return base;
}
