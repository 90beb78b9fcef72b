from django.apps import AppConfig


class NinthSectionConfig(AppConfig):
    name = "tests.ninth_section"
    label = "ninth_section"
