"""The provincial review adds no pages to agencies; it plugs in its demo (inspection notes, snapshots)."""

from portal.sections import SectionApp, register_app

register_app(SectionApp(
    label="compliance",
    demo_loaders=((90, "compliance.demo.load_compliance"),),
))
