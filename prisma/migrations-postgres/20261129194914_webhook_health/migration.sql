-- CreateTable
CREATE TABLE "WebhookHealth" (
    "customerId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "missing" TEXT NOT NULL DEFAULT '[]',
    "recreated" TEXT NOT NULL DEFAULT '[]',
    "repairedAt" TIMESTAMP(3),
    "unavailable" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "unseenActivityAt" TIMESTAMP(3),

    CONSTRAINT "WebhookHealth_pkey" PRIMARY KEY ("customerId")
);

-- AddForeignKey
ALTER TABLE "WebhookHealth" ADD CONSTRAINT "WebhookHealth_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

