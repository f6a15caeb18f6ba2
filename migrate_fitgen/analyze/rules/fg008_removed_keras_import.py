from migrate_fitgen.analyze.rules.base import Rule, register


@register
class RemovedKerasImport(Rule):
    """FG008's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG008.md``)."""

    code = "FG008"
    # the names ``keras_imports.might_matter`` looks for (checked before anything here)

    @classmethod
    def check(cls, ctx):
        from migrate_fitgen.keras_imports import might_matter
        from migrate_fitgen.rewrite import imports

        if ctx.target != "keras3" or not might_matter(ctx.facts.text):
            return []
        module = ctx.facts.module
        issues = imports.scan(module)
        return imports.diagnostics(issues, module, ctx.facts.positions, ctx.facts.text, ctx.path)
