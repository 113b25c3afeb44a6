"""tansiq (تنسيق): the system a network of local documentation committees runs on."""

__version__ = "0.1.0"
