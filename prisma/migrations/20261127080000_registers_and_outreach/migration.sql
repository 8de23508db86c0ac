-- CreateTable
CREATE TABLE "client_register_record" (
    "client_id" TEXT NOT NULL,
    "register" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" JSONB,
    "checked_at" TIMESTAMP(3) NOT NULL,
    "requested_by" TEXT,

    CONSTRAINT "client_register_record_pkey" PRIMARY KEY ("client_id","register")
);

-- CreateTable
CREATE TABLE "permit_expiry_flag" (
    "client_id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "valid_until" TEXT NOT NULL,
    "flagged_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "permit_expiry_flag_pkey" PRIMARY KEY ("client_id")
);

-- CreateTable
CREATE TABLE "outreach_item" (
    "id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "personal_identity_code" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "birth_date" TEXT NOT NULL,
    "benefit" TEXT NOT NULL,
    "since" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "client_id" TEXT,
    "outcome_by" TEXT,
    "outcome_at" TIMESTAMP(3),
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "outreach_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "permit_expiry_flag_municipality_id_valid_until_idx" ON "permit_expiry_flag"("municipality_id", "valid_until");

-- CreateIndex
CREATE UNIQUE INDEX "outreach_item_municipality_id_personal_identity_code_benefit_key" ON "outreach_item"("municipality_id", "personal_identity_code", "benefit");

-- CreateIndex
CREATE INDEX "outreach_item_municipality_id_status_id_idx" ON "outreach_item"("municipality_id", "status", "id");

-- CreateIndex
CREATE INDEX "outreach_item_personal_identity_code_idx" ON "outreach_item"("personal_identity_code");

-- AddForeignKey: register data goes with the client's row.
ALTER TABLE "client_register_record" ADD CONSTRAINT "client_register_record_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permit_expiry_flag" ADD CONSTRAINT "permit_expiry_flag_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
