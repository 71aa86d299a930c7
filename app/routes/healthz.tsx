import prisma from "../db.server";

// Deploy health check: the database answers.
export const loader = async () => {
  await prisma.$queryRaw`SELECT 1`;
  return Response.json({ ok: true });
};
