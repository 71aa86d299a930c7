-- CreateTable
CREATE TABLE "WebhookHealth" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "checkedAt" DATETIME NOT NULL,
    "missing" TEXT NOT NULL DEFAULT '[]',
    "recreated" TEXT NOT NULL DEFAULT '[]',
    "repairedAt" DATETIME,
    "unavailable" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "unseenActivityAt" DATETIME,
    CONSTRAINT "WebhookHealth_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

