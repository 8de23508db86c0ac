-- CreateTable
CREATE TABLE "client_contact" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "interpreter_used" BOOLEAN NOT NULL DEFAULT false,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,
    "request_hash" TEXT,

    CONSTRAINT "client_contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_todo" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "due_date" TEXT,
    "assignee_id" TEXT,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "done_at" TIMESTAMP(3),
    "done_by" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "request_hash" TEXT,

    CONSTRAINT "client_todo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_plan_version" (
    "client_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "event_seq" INTEGER NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_until" TEXT NOT NULL,
    "first_plan_from" TEXT NOT NULL,
    "goals" JSONB NOT NULL,
    "tasks" JSONB NOT NULL,
    "services" JSONB NOT NULL,
    "extension_basis" TEXT,
    "extension_months" INTEGER,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_plan_version_pkey" PRIMARY KEY ("client_id","version")
);

-- CreateTable
CREATE TABLE "client_data_item" (
    "client_id" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_data_item_pkey" PRIMARY KEY ("client_id","item")
);

-- CreateTable
CREATE TABLE "client_correction" (
    "id" BIGSERIAL NOT NULL,
    "client_id" TEXT NOT NULL,
    "correction_id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "old_value" JSONB,
    "new_value" JSONB,
    "source" TEXT NOT NULL,
    "reason" TEXT,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "anonymous_visit" (
    "id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "service_language" TEXT,
    "visitors" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,
    "request_hash" TEXT,

    CONSTRAINT "anonymous_visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "anonymous_visit_topic" (
    "visit_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,

    CONSTRAINT "anonymous_visit_topic_pkey" PRIMARY KEY ("visit_id","topic")
);

-- CreateIndex
CREATE INDEX "client_contact_client_id_at_idx" ON "client_contact"("client_id", "at");

-- CreateIndex
CREATE INDEX "client_todo_client_id_done_idx" ON "client_todo"("client_id", "done");

-- CreateIndex
CREATE INDEX "client_todo_assignee_id_done_due_date_idx" ON "client_todo"("assignee_id", "done", "due_date");

-- CreateIndex
CREATE UNIQUE INDEX "client_plan_version_client_id_event_seq_key" ON "client_plan_version"("client_id", "event_seq");

-- CreateIndex
CREATE INDEX "client_correction_client_id_recorded_at_idx" ON "client_correction"("client_id", "recorded_at");

-- CreateIndex
CREATE INDEX "anonymous_visit_municipality_id_date_idx" ON "anonymous_visit"("municipality_id", "date");

-- CreateIndex
CREATE INDEX "anonymous_visit_date_idx" ON "anonymous_visit"("date");

-- AddForeignKey
ALTER TABLE "client_contact" ADD CONSTRAINT "client_contact_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_todo" ADD CONSTRAINT "client_todo_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_plan_version" ADD CONSTRAINT "client_plan_version_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_data_item" ADD CONSTRAINT "client_data_item_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_correction" ADD CONSTRAINT "client_correction_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anonymous_visit_topic" ADD CONSTRAINT "anonymous_visit_topic_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "anonymous_visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Saved plans and corrections are history: never rewritten. They are deleted only with the rest of
-- the client's personal data when it is erased (§ 77).
CREATE FUNCTION "history_is_unchanged"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is history: UPDATE refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "client_plan_version_no_update"
  BEFORE UPDATE ON "client_plan_version"
  FOR EACH ROW EXECUTE FUNCTION "history_is_unchanged"();

CREATE TRIGGER "client_correction_no_update"
  BEFORE UPDATE ON "client_correction"
  FOR EACH ROW EXECUTE FUNCTION "history_is_unchanged"();

-- Provenance of what was recorded before this migration: typed at registration by the officer who
-- registered the client (MANUAL), at the time of registration.
INSERT INTO "client_data_item" ("client_id", "item", "source", "recorded_by", "recorded_at")
SELECT c."id", i."item", 'MANUAL', COALESCE(e."user_id", 'system'), c."created_at"
FROM "client" c
LEFT JOIN "client_event" e ON e."client_id" = c."id" AND e."seq" = 1
CROSS JOIN LATERAL (VALUES
    ('/person/firstName', c."first_name" IS NOT NULL),
    ('/person/lastName', c."last_name" IS NOT NULL),
    ('/person/birthDate', c."birth_date" IS NOT NULL),
    ('/person/nationality', c."nationality" IS NOT NULL),
    ('/person/personalIdentityCode', c."personal_identity_code" IS NOT NULL),
    ('/person/umaNumber', c."uma_number" IS NOT NULL),
    ('/person/languages', c."languages" <> '[]'::jsonb),
    ('/person/serviceLanguage', c."service_language" IS NOT NULL),
    ('/person/phone', c."phone" IS NOT NULL),
    ('/person/email', c."email" IS NOT NULL),
    ('/person/rightToWork', c."right_to_work" IS NOT NULL),
    ('/residenceRight', c."residence_right" IS NOT NULL),
    ('/finnishCitizen', TRUE)
) AS i("item", "recorded")
WHERE i."recorded" AND c."status" <> 'DELETED';

-- The plans in force become their clients' first kept version.
INSERT INTO "client_plan_version" ("client_id", "version", "event_seq", "valid_from", "valid_until",
    "first_plan_from", "goals", "tasks", "services", "extension_basis", "extension_months", "recorded_by",
    "recorded_at")
SELECT c."id", 1, COALESCE(p."seq", 0), c."plan"->>'validFrom', c."plan"->>'validUntil',
    COALESCE(c."plan"->>'firstPlanFrom', c."plan"->>'validFrom'), COALESCE(c."plan"->'goals', '[]'::jsonb),
    COALESCE(c."plan"->'tasks', '[]'::jsonb), COALESCE(c."plan"->'services', '[]'::jsonb),
    c."plan"->'extension'->>'basis', (c."plan"->'extension'->>'months')::integer,
    COALESCE(p."user_id", 'system'), COALESCE(p."at", c."updated_at")
FROM "client" c
LEFT JOIN LATERAL (
    SELECT "seq", "user_id", "at" FROM "client_event"
    WHERE "client_id" = c."id" AND "type" IN ('PLAN_SET', 'PLAN_REPLACED')
    ORDER BY "seq" DESC LIMIT 1
) p ON TRUE
WHERE c."plan" IS NOT NULL AND c."plan"->>'validFrom' IS NOT NULL;
