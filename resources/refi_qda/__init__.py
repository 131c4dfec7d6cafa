"""REFI-QDA 1.0 schemas (QDA-XML, March 2019), shipped unchanged under the MIT licence."""
