// Starting a bulk query and reading its state (completion also arrives by the bulk_operations/finish
// webhook; polling by id is the fallback when a webhook is lost).
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { BulkOperationRunQueryMutation, BulkOperationStatusQuery } from "../../../types/admin.generated";
import type { BulkOperationStatus as AdminBulkOperationStatus } from "../../../types/admin.types";

export const BULK_OPERATION_RUN_QUERY_MUTATION = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export type BulkOperationRunQueryData = BulkOperationRunQueryMutation;

export const BULK_OPERATION_STATUS_QUERY = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
      partialDataUrl
    }
  }
`;

export type BulkOperationStatus = AdminBulkOperationStatus;

export type BulkOperationStatusData = BulkOperationStatusQuery;
