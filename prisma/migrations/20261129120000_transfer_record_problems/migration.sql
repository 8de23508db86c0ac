-- Every problem of a refused record, each with its JSON pointer (pointer and detail keep the first).
ALTER TABLE "transfer_record" ADD COLUMN "problems" JSONB;

-- A source id given twice in one transfer: the later records find the first by this index.
CREATE INDEX "transfer_record_transfer_id_source_id_idx" ON "transfer_record"("transfer_id", "source_id");
