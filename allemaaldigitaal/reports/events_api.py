"""(placeholder: routes come here)"""
