// What the platform services need, passed in so tests can use a fresh database and a fixed clock.
import type { PrismaClient } from "@prisma/client";
import type { PrismaJobQueue } from "../jobs/prisma-job-queue";
import type { Logger } from "../logger";

export interface PlatformDeps {
  prisma: PrismaClient;
  /** The concrete queue: webhook intake needs sendStatement to store an event and its job atomically. */
  queue: PrismaJobQueue;
  logger: Logger;
  now: () => Date;
}
