"""Seed the editable phrase rules from the starter set, and a short jargon list."""

from django.db import migrations

JARGON = [
    ("SLA", "the time we promise to answer within"),
    ("RMA", "return number"),
    ("backend", "our systems"),
    ("provisioning", "setting up"),
    ("propagation", "the change taking effect"),
    ("tier 2", "our specialist team"),
    ("escalation matrix", "who handles it next"),
]


def seed(apps, schema_editor):
    from coaching.rules_starter import STARTER_RULES

    PhraseRule = apps.get_model("coaching", "PhraseRule")
    JargonTerm = apps.get_model("coaching", "JargonTerm")
    for spec in STARTER_RULES:
        PhraseRule.objects.update_or_create(
            key=spec["id"],
            defaults={
                "category": spec["category"],
                "pattern": spec["pattern"],
                "explanation": spec["explanation"],
                "suggestions": list(spec["suggestions"]),
                "enabled": spec["enabled"],
                "must_match": list(spec["must_match"]),
                "must_not_match": list(spec["must_not_match"]),
                "unless_before": spec.get("unless_before", ""),
                "unless_after": spec.get("unless_after", ""),
                "requires_before": spec.get("requires_before", ""),
            },
        )
    for term, plain in JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plain": plain})


def unseed(apps, schema_editor):
    from coaching.rules_starter import STARTER_RULES

    apps.get_model("coaching", "PhraseRule").objects.filter(
        key__in=[spec["id"] for spec in STARTER_RULES]
    ).delete()
    apps.get_model("coaching", "JargonTerm").objects.filter(
        term__in=[term for term, _ in JARGON]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
