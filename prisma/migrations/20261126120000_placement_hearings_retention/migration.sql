-- Every hearing of a proposal (a second hearing never overwrites an earlier answer), the housing
-- agreements with the welfare area, and the erasure of a proposal's personal data.
ALTER TABLE "placement_proposal" ADD COLUMN "hearings" JSONB;
ALTER TABLE "placement_proposal" ADD COLUMN "housing_agreements" JSONB;
ALTER TABLE "placement_proposal" ADD COLUMN "erased_at" TIMESTAMP(3);

-- Rows from before keep their one hearing as the list.
UPDATE "placement_proposal" SET "hearings" = jsonb_build_array("hearing") WHERE "hearing" IS NOT NULL;

-- CreateIndex
CREATE INDEX "placement_proposal_status_updated_at_idx" ON "placement_proposal"("status", "updated_at");
