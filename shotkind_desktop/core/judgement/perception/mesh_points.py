"""Which of the face mesh's points ShotKind reads, in MediaPipe's own numbering (its
face_mesh_connections tables and face_blendshapes_graph.cc): facts about the model, in
one place. "Left" and "right" are the person's: their left eye is on the image's right.
"""

# (outer corner, inner corner, upper lid, lower lid, iris centre)
LEFT_EYE = (263, 362, 386, 374, 473)
RIGHT_EYE = (33, 133, 159, 145, 468)
# The whole lid ring of each eye (MediaPipe's FACEMESH_LEFT_EYE / FACEMESH_RIGHT_EYE).
LEFT_EYE_RING = (263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398)
RIGHT_EYE_RING = (33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173)
# The four points on each iris's rim round its centre (MediaPipe's FACEMESH_LEFT_IRIS /
# FACEMESH_RIGHT_IRIS).
LEFT_IRIS_RIM = (474, 475, 476, 477)
RIGHT_IRIS_RIM = (469, 470, 471, 472)
LEFT_CHEEK, RIGHT_CHEEK = 330, 101       # the cheek just under each eye
FOREHEAD, CHIN = 10, 152                 # top of the forehead (hairline), tip of the chin
NOSE_TIP = 1
UPPER_LIP, LOWER_LIP = 13, 14            # inner lips
MOUTH_RIGHT, MOUTH_LEFT = 61, 291        # mouth corners

# The face oval, hairline to chin and cheek to cheek (MediaPipe's FACEMESH_FACE_OVAL).
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
             54, 103, 67, 109)

# The 146 points the blendshape model reads (MediaPipe's face_blendshapes_graph.cc).
BLENDSHAPE_POINTS = (
    0, 1, 4, 5, 6, 7, 8, 10, 13, 14, 17, 21, 33, 37, 39, 40, 46, 52, 53, 54, 55, 58, 61, 63,
    65, 66, 67, 70, 78, 80, 81, 82, 84, 87, 88, 91, 93, 95, 103, 105, 107, 109, 127, 132, 133,
    136, 144, 145, 146, 148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160, 161, 162, 163,
    168, 172, 173, 176, 178, 181, 185, 191, 195, 197, 234, 246, 249, 251, 263, 267, 269, 270,
    276, 282, 283, 284, 285, 288, 291, 293, 295, 296, 297, 300, 308, 310, 311, 312, 314, 317,
    318, 321, 323, 324, 332, 334, 336, 338, 356, 361, 362, 365, 373, 374, 375, 377, 378, 379,
    380, 381, 382, 384, 385, 386, 387, 388, 389, 390, 397, 398, 400, 402, 405, 409, 415, 454,
    466, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477)
