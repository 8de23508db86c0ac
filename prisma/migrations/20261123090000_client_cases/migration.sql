-- CreateTable
CREATE TABLE "client" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "personal_identity_code" TEXT,
    "uma_number" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "birth_date" TEXT,
    "nationality" TEXT,
    "service_language" TEXT,
    "languages" JSONB NOT NULL DEFAULT '[]',
    "phone" TEXT,
    "email" TEXT,
    "right_to_work" TEXT,
    "residence_right" JSONB,
    "finnish_citizen" BOOLEAN NOT NULL DEFAULT false,
    "proposal_id" TEXT,
    "responsible_expert_id" TEXT,
    "plan" JSONB,
    "next_review_due" TIMESTAMP(3),
    "review_overdue" BOOLEAN NOT NULL DEFAULT false,
    "ended_at" TIMESTAMP(3),
    "end_reason" TEXT,
    "deletion_due_at" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_assessment" (
    "client_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "completed_on" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "service_needs" JSONB NOT NULL,
    "welfare_area_participated" BOOLEAN NOT NULL DEFAULT false,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_assessment_pkey" PRIMARY KEY ("client_id","seq")
);

-- CreateTable
CREATE TABLE "client_plan_review" (
    "client_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "reviewed_on" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "client_plan_review_pkey" PRIMARY KEY ("client_id","seq")
);

-- CreateTable
CREATE TABLE "client_event" (
    "client_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "user_id" TEXT,
    "org_id" TEXT,
    "type" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "client_event_pkey" PRIMARY KEY ("client_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "client_workflow_id_key" ON "client"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_personal_identity_code_key" ON "client"("personal_identity_code");

-- CreateIndex
CREATE UNIQUE INDEX "client_uma_number_key" ON "client"("uma_number");

-- CreateIndex
CREATE INDEX "client_municipality_id_status_idx" ON "client"("municipality_id", "status");

-- CreateIndex
CREATE INDEX "client_municipality_id_responsible_expert_id_idx" ON "client"("municipality_id", "responsible_expert_id");

-- CreateIndex
CREATE INDEX "client_municipality_id_review_overdue_idx" ON "client"("municipality_id", "review_overdue");

-- AddForeignKey
ALTER TABLE "client_assessment" ADD CONSTRAINT "client_assessment_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_plan_review" ADD CONSTRAINT "client_plan_review_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_event" ADD CONSTRAINT "client_event_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
