// The process's job queue on the app's Prisma client (routes and the worker import this one).
import prisma from "../../db.server";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";

export const jobQueue = new PrismaJobQueue(prisma);
