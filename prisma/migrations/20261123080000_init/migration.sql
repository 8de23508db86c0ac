-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('ELINVOIMAKESKUS', 'MUNICIPALITY', 'WELFARE_AREA', 'KEHA', 'MIGRI', 'TEM');

-- CreateTable
CREATE TABLE "organisation" (
    "id" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "name_fi" TEXT NOT NULL,
    "name_sv" TEXT,
    "municipality_code" TEXT,
    "welfare_area_id" TEXT,
    "elinvoimakeskus_id" TEXT,
    "aland" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_right" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "valid_from" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "valid_until" TIMESTAMP(3),
    "granted_by" TEXT NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "revoked_by" TEXT,

    CONSTRAINT "user_right_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placement_proposal" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "municipality_id" TEXT,
    "round" INTEGER NOT NULL DEFAULT 0,
    "answer_due_at" TIMESTAMP(3),
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "evident_service_needs" BOOLEAN NOT NULL,
    "unaccompanied_minor" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "hearing" JSONB,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "placement_proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_person" (
    "proposal_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "birth_date" TEXT NOT NULL,
    "nationality" TEXT NOT NULL,
    "uma_number" TEXT,
    "personal_identity_code" TEXT,
    "languages" JSONB NOT NULL DEFAULT '[]',
    "minor" BOOLEAN NOT NULL DEFAULT false,
    "unaccompanied" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "proposal_person_pkey" PRIMARY KEY ("proposal_id","position")
);

-- CreateTable
CREATE TABLE "proposal_round" (
    "proposal_id" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "owner_id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL,
    "answer_due_at" TIMESTAMP(3) NOT NULL,
    "decision" TEXT,
    "reason" TEXT,
    "answered_at" TIMESTAMP(3),
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "proposal_round_pkey" PRIMARY KEY ("proposal_id","round")
);

-- CreateTable
CREATE TABLE "proposal_event" (
    "proposal_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "user_id" TEXT,
    "org_id" TEXT,
    "type" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "proposal_event_pkey" PRIMARY KEY ("proposal_id","seq")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT,
    "subject_id" TEXT,
    "outcome" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_municipality_code_key" ON "organisation"("municipality_code");

-- CreateIndex
CREATE INDEX "organisation_kind_idx" ON "organisation"("kind");

-- CreateIndex
CREATE INDEX "app_user_organisation_id_idx" ON "app_user"("organisation_id");

-- CreateIndex
CREATE INDEX "user_right_user_id_idx" ON "user_right"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "placement_proposal_workflow_id_key" ON "placement_proposal"("workflow_id");

-- CreateIndex
CREATE INDEX "placement_proposal_owner_id_status_idx" ON "placement_proposal"("owner_id", "status");

-- CreateIndex
CREATE INDEX "placement_proposal_municipality_id_status_idx" ON "placement_proposal"("municipality_id", "status");

-- CreateIndex
CREATE INDEX "placement_proposal_status_idx" ON "placement_proposal"("status");

-- CreateIndex
CREATE INDEX "audit_event_subject_id_at_idx" ON "audit_event"("subject_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_user_id_at_idx" ON "audit_event"("user_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_organisation_id_at_idx" ON "audit_event"("organisation_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_right" ADD CONSTRAINT "user_right_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_person" ADD CONSTRAINT "proposal_person_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "placement_proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_round" ADD CONSTRAINT "proposal_round_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "placement_proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_event" ADD CONSTRAINT "proposal_event_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "placement_proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only, enforced by the database itself (act 906/2019 § 17).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_event_no_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "audit_event_no_truncate"
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
