from odoo import fields, models

DEFECT_CATEGORIES = [
    ("surface", "Surface"),
    ("shape", "Shape"),
    ("dimension", "Dimension"),
    ("property", "Properties"),
    ("packaging", "Packaging and Transport"),
    ("software_bug", "Software Defect"),
    ("software_performance", "Performance"),
    ("software_usability", "Usability"),
    ("software_data", "Data"),
    ("service", "Service"),
    ("other", "Other"),
]

COMPLAINT_KINDS = [
    ("quality", "Quality Objection"),
    ("software", "Software Feedback"),
    ("service", "Service"),
]


class CustomerDefectType(models.Model):
    """The maintained defect catalogue (缺陷类型) complaints are classified
    by, so that a customer's sensitivity can be counted per defect."""

    _name = "customer.defect.type"
    _description = "Defect Type"
    _inherit = ["customer.archive.input.mixin"]
    _order = "kind, category, sequence, code"
    # Users see the (translated) name only; the code still finds the defect.
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    category = fields.Selection(DEFECT_CATEGORIES, required=True, default="surface")
    kind = fields.Selection(COMPLAINT_KINDS, required=True, default="quality")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: shared by every company.")

    _code_unique = models.UniqueIndex("(code)", "A defect type with this code already exists.")
