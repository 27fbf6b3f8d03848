"""The petitions REST API under /api/v1/: intake, every action and the reads.

`inputs` parses request bodies, `outputs` formats responses, `actions` maps each action name to
its service, `views` wires them to selectors and services. URLs are in `petitions/api_urls.py`.
"""
