from odoo.exceptions import AccessError


def refuse_server_fields(records, vals, field_names):
    """Some fields are facts the server establishes (seats in use, a
    certificate's verification code): a client that sends one is refused
    whatever its rights; the addon's own code writes them as superuser."""
    if records.env.su:
        return
    sent = [name for name in field_names if name in vals]
    if sent:
        env = records.env
        labels = ", ".join(records._fields[name]._description_string(env) for name in sent)
        raise AccessError(env._("These fields are set by the system and cannot be changed: %s", labels))
