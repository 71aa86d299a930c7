// Process-wide wiring for routes (the worker builds its own with the same pieces).
import prisma from "../../db.server";
import { jobQueue } from "./app-queue";
import { logger } from "../logger";
import type { PlatformDeps } from "./deps";

let deps: PlatformDeps | undefined;

export function platformDeps(): PlatformDeps {
  deps ??= { prisma, queue: jobQueue, logger: logger.child({ area: "platform" }), now: () => new Date() };
  return deps;
}
