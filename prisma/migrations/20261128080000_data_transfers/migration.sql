-- CreateTable
CREATE TABLE "transfer" (
    "id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "source_system" TEXT NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "received" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transfer_record" (
    "transfer_id" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "source_id" TEXT,
    "record" JSONB,
    "outcome" TEXT,
    "pointer" TEXT,
    "detail" TEXT,
    "client_id" TEXT,

    CONSTRAINT "transfer_record_pkey" PRIMARY KEY ("transfer_id","index")
);

-- CreateTable
CREATE TABLE "transfer_source" (
    "municipality_id" TEXT NOT NULL,
    "source_system" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "record_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "transfer_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "transfer_source_pkey" PRIMARY KEY ("municipality_id","source_system","source_id")
);

-- CreateIndex
CREATE INDEX "transfer_municipality_id_created_at_idx" ON "transfer"("municipality_id", "created_at");

-- CreateIndex
CREATE INDEX "transfer_record_transfer_id_outcome_idx" ON "transfer_record"("transfer_id", "outcome");
