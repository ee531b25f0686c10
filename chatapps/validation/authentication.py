"""The rule only authentication templates have: a one-time code of at most 15 characters."""

from __future__ import annotations

from chatapps.validation import codes
from chatapps.validation.fields import Problem

# WhatsApp's one-time codes in authentication templates are at most 15 characters.
AUTHENTICATION_CODE_LIMIT = 15


def authentication_code_problems(body: object) -> list[Problem]:
    """Problems of a send of an *authentication* template: its code (the body's and the copy
    button's text parameter) over WhatsApp's 15 characters. Only the caller knows the template's
    category (the body does not say it), so it calls this for authentication templates only."""
    content = body.get("content") if isinstance(body, dict) else None
    template = content.get("template") if isinstance(content, dict) else None
    components = template.get("components") if isinstance(template, dict) else None
    found: list[Problem] = []
    for index, component in enumerate(components if isinstance(components, list) else []):
        parameters = component.get("parameters") if isinstance(component, dict) else None
        for number, parameter in enumerate(parameters if isinstance(parameters, list) else []):
            code = parameter.get("text") if isinstance(parameter, dict) else None
            if isinstance(code, str) and len(code) > AUTHENTICATION_CODE_LIMIT:
                path = f"$.content.template.components[{index}].parameters[{number}].text"
                message = (
                    f"one-time code is {len(code)} characters; WhatsApp allows "
                    f"{AUTHENTICATION_CODE_LIMIT} in authentication templates"
                )
                found.append(Problem(path, message, codes.INVALID_TEMPLATE_PARAMETER))
    return found
