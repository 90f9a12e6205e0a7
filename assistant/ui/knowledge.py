import streamlit as st
st.title('Knowledge')
st.info('Coming soon.')
