// Errors from the Whiplash API, typed retriable or permanent (the job worker reads `retriable`).
export class WhiplashApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retriable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "WhiplashApiError";
  }
}

/** The customer's authorization is gone (refresh refused): they must reconnect; retrying cannot help. */
export class WhiplashAuthError extends WhiplashApiError {
  constructor(message: string) {
    super(message, 401, false);
    this.name = "WhiplashAuthError";
  }
}
