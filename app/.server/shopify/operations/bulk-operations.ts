// Starting a bulk query and reading its state (completion also arrives by the bulk_operations/finish
// webhook; polling by id is the fallback when a webhook is lost).
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

export interface BulkOperationRunQueryData {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: BulkOperationStatus } | null;
    userErrors: { code: string | null; field: string[] | null; message: string }[];
  } | null;
}

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

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationStatusData {
  bulkOperation: {
    id: string;
    status: BulkOperationStatus;
    errorCode: string | null;
    objectCount: string;
    url: string | null;
    partialDataUrl: string | null;
  } | null;
}
