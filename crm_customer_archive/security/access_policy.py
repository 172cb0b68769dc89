"""The one declared access policy of the addon.

Who may read, create, change and delete what, and in which scope. The access
rights (``ir.model.access.csv``), the record rules (``*_security.xml``), the
README's Roles section and the access-matrix test (``tests/test_access_matrix.py``)
all follow this table: the test checks the CSV against it, generates every cell
of the matrix as the real users, and checks that the README shows this table.

A cell is a string of operations ``r`` (read), ``c`` (create), ``w`` (write),
``d`` (delete), each followed by its scope after a colon:
    all     every record of the user's companies (or shared between companies)
    own     records of the customers the account manager manages (or unassigned ones),
            or for contracts those the user is responsible for
    portal  records of the portal user's own company (customer), published ones only
A role not named for a model has no access at all. Records of a company the user
does not belong to are never visible (company rule on every model).
"""

# Roles: the groups a test user of that role gets (besides base.group_user or portal).
ROLES = {
    "account_manager": "crm_customer_archive.group_archive_user,sales_team.group_sale_salesman",
    "officer": "crm_customer_archive.group_archive_officer",
    "manager": "crm_customer_archive.group_archive_manager",
    "license_manager": "crm_customer_archive.group_license_manager",
    "salesman": "sales_team.group_sale_salesman",
    "warehouse": "stock.group_stock_user",
    "grading": "crm_customer_archive.group_archive_grading",
    "employee": "base.group_user",
    "security_officer": "crm_customer_archive.group_archive_security_officer",
    "personal_data": "crm_customer_archive.group_archive_personal_data",
    "portal": "base.group_portal",
}
ROLE_LABELS = {
    "account_manager": "Account manager (客户经理) — User: Own Customers + Sales",
    "officer": "Officer (质量、工艺、客服、授权) — Officer: All Archives",
    "manager": "Manager — Customer Archive Manager",
    "license_manager": "Licence Manager (implies Officer)",
    "salesman": "Salesman — Sales: Own Documents only",
    "warehouse": "Warehouse user — Inventory: User only",
    "grading": "Grading staff (质量判定) — Grading Staff (implies Inventory: User)",
    "employee": "Plain employee — Internal User only",
    "security_officer": "Security officer (安全员) — Security Officer only",
    "personal_data": "Personal-data clerk — Personal Data only",
    "portal": "Portal user of a customer",
}

# Archive roles that manage configuration: officers, managers and licence managers
# inherit from account managers (implied groups); the table states each one in full.
POLICY = {
    "customer.archive.option": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
        "employee": "r:all",
        "security_officer": "r:all",
        "personal_data": "r:all",
    },
    "customer.contract": {
        "account_manager": "r:all c:own w:own d:own",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "portal": "r:portal",
    },
    "customer.contract.line": {
        "account_manager": "r:all c:own w:own d:own",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "portal": "r:portal",
    },
    "customer.contract.payment.line": {
        "account_manager": "r:all c:own w:own d:own",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "portal": "r:portal",
    },
    "customer.part": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
    },
    "customer.part.chemical.requirement": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
    },
    "customer.part.mechanical.requirement": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
    },
    "customer.process.spec": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
    },
    "customer.process.spec.line": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
    },
    "customer.process.run": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
    },
    "customer.process.measurement": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
    },
    "customer.lot.test.result": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "warehouse": "r:all",
        "grading": "r:all",
    },
    # Certificates are issued (created) by warehouse and archive users, never deleted.
    "customer.quality.certificate": {
        "account_manager": "r:all c:all w:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all",
        "license_manager": "r:all c:all w:all",
        "warehouse": "r:all c:all w:all",
        "grading": "r:all c:all w:all",
        "portal": "r:portal",
    },
    "customer.defect.type": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
        "employee": "r:all",
        "security_officer": "r:all",
        "personal_data": "r:all",
        "portal": "r:all",
    },
    "customer.complaint.stage": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
        "employee": "r:all",
        "security_officer": "r:all",
        "personal_data": "r:all",
        "portal": "r:all",
    },
    "customer.complaint.sla.policy": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all",
    },
    "customer.complaint": {
        "account_manager": "r:all c:all w:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all",
        "portal": "r:portal",
    },
    "customer.complaint.photo": {
        "account_manager": "r:all c:all w:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all",
        "portal": "r:portal",
    },
    "customer.complaint.cost": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
    },
    # Work records (工作记录) of the requests: logged by whoever works on them.
    "customer.complaint.work": {
        "account_manager": "r:all c:all w:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all",
    },
    # The service scorecard (a report over the requests): read by who reads the requests.
    "customer.service.scorecard": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # Lessons for similar customers (举一反三): created by officers and managers
    # (the "Warn Similar Customers" wizard), archived, never deleted.
    "customer.defect.watch": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all",
        "license_manager": "r:all c:all w:all",
    },
    "customer.software.build": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all",
    },
    # Feature codes go into signed licence files: kept by licence managers, read by
    # everybody who sees a product or a licence (portal users: their licence page).
    "customer.license.feature": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
        "salesman": "r:all",
        "warehouse": "r:all",
        "grading": "r:all",
        "employee": "r:all",
        "security_officer": "r:all",
        "personal_data": "r:all",
        "portal": "r:all",
    },
    # Licences are revoked, never deleted; keys in full only for licence managers
    # (field groups) and the customer's own portal users (their page and file).
    "customer.license": {
        "account_manager": "r:all",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all",
        "license_manager": "r:all c:all w:all",
        "portal": "r:portal",
    },
    # Machines are written by the licence server only; officers release them by action.
    "customer.license.activation": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
        "portal": "r:portal",
    },
    # Counters of the public certificate check (rate limit): administrators only.
    "customer.public.request": {},
    # Counters of the licence server's rate limits: administrators only.
    "customer.license.rate": {},
    # The licence server's log: read by the licence desk, written by the server only.
    "customer.license.log": {
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # Grading (判定): defects found on coils and decisions on them; what the gate stopped.
    "customer.lot.defect": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
        "warehouse": "r:all",
        "grading": "r:all c:all w:all d:all",
    },
    # Decisions are a record: created by grading staff and managers (releases), never changed nor deleted.
    "customer.lot.disposition": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all",
        "license_manager": "r:all",
        "warehouse": "r:all",
        "grading": "r:all c:all",
    },
    # Written by the gate itself, read by the archive and grading staff.
    "customer.quality.interception": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
        "grading": "r:all",
    },
    # A report (SQL view): read only.
    "customer.objection.rate.report": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
        "grading": "r:all",
    },
    # A report (SQL view): issues per customer build, read by whoever reads the builds.
    "customer.software.feedback.report": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # Follow-ups (跟进记录): account managers those of their own customers (or
    # unassigned ones); cancelled, not deleted (managers only delete).
    "customer.followup": {
        "account_manager": "r:own c:own w:own",
        "officer": "r:all c:all w:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all",
        # Their company's return visits (回访) only, without the internal notes.
        "portal": "r:portal",
    },
    # Periodic return visits per customer level: configuration, read by the archive roles.
    "customer.return.visit.rule": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all",
    },
    # Satisfaction campaigns (surveys to the contacts of customers of a level or
    # category): run by officers. The answers are Odoo survey's survey.user_input:
    # officers and managers read them through survey.group_survey_user (implied by
    # the officer group, security/customer_survey_security.xml); account managers
    # see only the CSAT/NPS figures on the archive; portal users their own
    # invitations on /my/surveys.
    "customer.survey.campaign": {
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
    },
    # Competitors at a customer: like the customer's archive, changed by its account manager.
    "customer.competitor": {
        "account_manager": "r:all c:own w:own d:own",
        "officer": "r:all c:all w:all d:all",
        "manager": "r:all c:all w:all d:all",
        "license_manager": "r:all c:all w:all d:all",
    },
    # Pool movements: written by the claim, release, return and hand-over code only.
    "customer.pool.move": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # Customer value (客户价值): written by the nightly refresh only; account
    # managers read their own customers' figures (or unassigned ones).
    "customer.value": {
        "account_manager": "r:own",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # The sales trend (increase/decrease table): a report (SQL view), read only, scoped like the value.
    "customer.sales.trend.report": {
        "account_manager": "r:own",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
    },
    # Consents (PIPL): recorded and withdrawn by the Personal Data group, read by
    # the archive staff (the contact's tab) and security officers; never deleted.
    "customer.consent": {
        "account_manager": "r:all",
        "officer": "r:all",
        "manager": "r:all",
        "license_manager": "r:all",
        "security_officer": "r:all",
        "personal_data": "r:all c:all w:all",
    },
    # Data-subject requests (PIPL): handled by the Personal Data group, read by
    # security officers; done or refused, never deleted.
    "customer.data.request": {
        "security_officer": "r:all",
        "personal_data": "r:all c:all w:all",
    },
    # Access-frequency freeze: thresholds kept by administrators (base.group_erp_manager,
    # not a role here) and read by security officers; events written by the watch only,
    # never deleted; counters are the watch's own rows (administrators only).
    "customer.archive.access.threshold": {
        "security_officer": "r:all",
    },
    "customer.archive.access.event": {
        "security_officer": "r:all",
    },
    "customer.archive.access.counter": {},
}

OPERATIONS = {"r": "read", "c": "create", "w": "write", "d": "unlink"}
OPERATION_LABELS = {"r": "read", "c": "create", "w": "change", "d": "delete"}


def parse_cell(cell):
    """{'read': 'all', 'write': 'own', ...} for a cell such as ``"r:all w:own"``."""
    rights = {}
    for part in (cell or "").split():
        operation, scope = part.split(":")
        rights[OPERATIONS[operation]] = scope
    return rights


def rights(model, role):
    return parse_cell(POLICY.get(model, {}).get(role, ""))


def roles_table_markdown():
    """The README's access table: one row per model, one column per role."""
    roles = list(ROLES)
    header = "| model | " + " | ".join(roles) + " |"
    lines = [header, "|" + "---|" * (len(roles) + 1)]
    for model, cells in POLICY.items():
        row = [cells.get(role, "—") or "—" for role in roles]
        lines.append(f"| `{model}` | " + " | ".join(row) + " |")
    return "\n".join(lines)
